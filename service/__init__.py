"""The claimscope HTTP service and command-line interface."""
