"""Output screening: image classifiers (NSFW, faces and likeness) and the decision they add up to.

Everything here works on decoded images and plain data; the database (the tenant's gallery, the policy
version) is read by `policy.decisions`, which calls `policy.screening.decide.screen`. Models are loaded
lazily, once per process, so a web process that never screens or enrols a face never loads them.
"""
