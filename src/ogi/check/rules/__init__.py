"""One module per rule; the registry imports every module here whose name does not start
with an underscore."""
