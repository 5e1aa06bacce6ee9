"""The operations both front ends call (the `ogi` command line and the web application):
reading batches of files, ingesting and exporting the corpus, checking, composing.

A command-line module or a web route parses its input, calls one function here and
presents the result; neither holds work the other would need.
"""
