"""The Flask application: configuration, extensions, users, workspaces, auth and the CLI."""
