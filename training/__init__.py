"""Reelscope training: run modules from the repository root, e.g. `/usr/bin/python3 -m training.heads.train`."""
