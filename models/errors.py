"""Coded errors of the claimscope pipeline (`[E001] ...`), as spaCy does it."""

from __future__ import annotations


class ErrorsWithCodes(type):
    """Metaclass: `Errors.E001` returns the message prefixed with its code."""

    def __getattribute__(cls, code: str) -> str:
        msg = super().__getattribute__(code)
        if code.startswith("__"):
            return msg
        return f"[{code}] {msg}"


class Errors(metaclass=ErrorsWithCodes):
    E001 = "The text is empty or only white space; send the article text."
    E002 = "The text has {length} characters; the limit is {limit}."
    E003 = "No claimscope model found at '{path}': the folder needs a config.cfg and meta.json."
    E004 = "Claim rules support languages {supported}, got lang={lang!r}."
    E005 = "The text must be a string, got {kind}."
    E006 = "The file '{path}' is not valid UTF-8 text ({reason})."
    E007 = "The file '{path}' does not exist."
    E008 = "The text holds a character that is not valid Unicode (a lone surrogate at position {position})."
    E009 = "The text holds a NUL character at position {position}; send plain text."
    E010 = "The encoder runtime must be one of {allowed}, got {runtime!r}."
    E011 = ("The encoder of '{path}' has no {file}; run `claimscope model export-onnx MODEL` or load it with "
            "runtime 'auto' or 'torch'.")
    E012 = "Component '{name}' holds an int8-quantized torch encoder, which cannot be saved; load the model again."
    E013 = "Component '{name}' has no trained heads; load a model folder or train it first."
    E014 = ("No heads in '{path}' that this process can load: it needs {npz} (written by `claimscope model "
            "export-onnx MODEL`), or {pt} with torch importable.")
