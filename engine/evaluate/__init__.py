"""The evaluation of a design: the chain from the design to its Results (engine/evaluate/chain.py)
and the steps it runs, one module each."""

from engine.evaluate.chain import evaluate

__all__ = ["evaluate"]
