"""The shared letter grammar: every rule about what a letter's words mean lives here, once."""
