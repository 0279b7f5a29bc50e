"""The detectors: quotations, name variants, artifacts, slips, wording; their evaluation.

Each detector takes a text and returns a DataFrame; :func:`kit.detect.run.run_all`
runs one over every article of a case.
"""
