"""Names vulture (80% confidence, `.ci/run`) takes for unused but that Python itself calls."""

# The parameters of `__exit__` (crawler/archive/writer.py, vnmon/demo/newsworld/world.py) and of
# a signal handler (vnmon/scheduling/daemon.py): their signatures are fixed by the protocol.
exc_type  # unused variable
traceback  # unused variable
frame  # unused variable
