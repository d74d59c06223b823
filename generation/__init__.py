"""Generation: jobs, the pipeline orchestration, Celery tasks, backends (diffusers, openai), model catalog."""
