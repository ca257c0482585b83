"""Data layer: canonical tables, raw-format readers (KBO, NBB, ai_profile) and derived variables."""
