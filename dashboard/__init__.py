"""Sahel Partnerships Dashboard: foreign security partners in the Sahel, from sourced facts."""
