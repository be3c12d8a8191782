"""seeds data"""
