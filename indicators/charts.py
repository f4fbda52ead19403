"""The indicators' plan vs fact charts: the shared SVG drawing lives in config/charts.py."""

from config.charts import plan_fact_svg

__all__ = ["plan_fact_svg"]
