"""Recurring crawls and jobs: schedules, the scheduler daemon, the registry of job kinds."""
