"""Browser tests: a real Jupyter server driven through Chromium (see jupyter_driver)."""
