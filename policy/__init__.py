"""Policy: versioned tenant policies, prompt moderators, output classifiers, decisions."""
