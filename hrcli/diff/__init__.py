"""Two versions of one notice -> what changed (hrcli diff)."""
