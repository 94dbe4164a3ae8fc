"""Gold-standard calibration: reference answers with agreed scores, and how far a rater is from them."""
