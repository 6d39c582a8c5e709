"""The local Elasticsearch node: built with Maven from es-local/ and run as a background process."""
