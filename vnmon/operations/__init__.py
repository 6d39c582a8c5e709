"""The sources as an operator sees them: health over recent runs (`health`), a one-off check (`check`)."""
