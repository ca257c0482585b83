"""econ_ai"""
