"""The crawler's pages in the vnmon web app, offered through the `vnmon.web` entry-point group."""
