"""tiny_nodes"""
