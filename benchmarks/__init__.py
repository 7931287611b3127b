"""`make bench`: speed measured as ratios against a baseline measured in the same run (the machine is noisy)."""
