"""Money as people read it: the API stores integer pence, its messages speak pounds."""

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def money(pence: int, currency: str = "GBP") -> str:
    """``20000000`` → ``£200,000.00``; a currency without a symbol is named after the amount."""
    whole, part = divmod(abs(pence), 100)
    amount = f"{'-' if pence < 0 else ''}{{}}{whole:,}.{part:02d}"
    symbol = SYMBOLS.get(currency)
    return amount.format(symbol) if symbol else f"{amount.format('')} {currency}"
