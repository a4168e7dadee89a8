"""Moments of traction: where in the life of the relationship the company can use leverage.

``moments`` loads the 13 moments (data), ``instances`` finds the clauses that create them and
their ``hr_hook``, ``markers`` finds the gaps, ``timeline`` lays them out in time.
"""
