"""Customs declarations: CEB messages, their schemas and signatures, and the customs simulator."""
