"""``python -m usermind.memory.write_shipped``: embeds the shipped texts with the default model and
writes ``shipped_vectors.npz`` (run it after changing ``pairs.json``, ``messages.json`` or the life
domains; a test fails until it is run)."""

from usermind.memory.shipped_file import FILE, write

if __name__ == "__main__":
    print(f"wrote {write()} texts to {FILE}")
