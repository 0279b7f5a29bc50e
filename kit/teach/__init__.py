"""Tools for instructors: new cases, case checks, exercises, gradebooks, hub links.

Reached from the command line (:mod:`kit.cli`).
"""
