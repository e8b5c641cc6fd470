"""The one place both front ends call: the headless Workspace, diagnosis, languages, token reports, disk sync."""
