"""`python -m service.cli`: the claimscope command line."""

from service.cli import main

main()
