"""vnmon's applications (the `vnmon` command, web app, alerts, exports, scheduler), its shared kernel,
the local Elasticsearch node and the demo world; see ARCHITECTURE.md."""
