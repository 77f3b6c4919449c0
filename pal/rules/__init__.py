"""PAL's rules as plain functions over plain values (no database): who may join
(eligibility.py) and which member needs support (support.py)."""
