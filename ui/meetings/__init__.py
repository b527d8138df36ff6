"""The intervision meeting page's pieces: choosing or planning a meeting, running it (phase,
instructions, the clock, recording what each phase yields), comparing readings, the minutes."""
