"""Tests that drive headless Chromium over a built hub (marker `browser`)."""
