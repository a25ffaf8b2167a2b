"""netmodel"""
