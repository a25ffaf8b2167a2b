"""llm_core"""
