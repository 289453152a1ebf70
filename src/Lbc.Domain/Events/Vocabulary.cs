using System.Collections.Frozen;

namespace Lbc.Domain.Events;

/// <summary>
/// A closed set of wire words (snake_case) and the enum values they stand for. One place per
/// vocabulary, so the parser, the docs and the UI agree on the spelling.
/// </summary>
public sealed class Vocabulary<TEnum> where TEnum : struct, Enum
{
    private readonly FrozenDictionary<string, TEnum> _byWord;
    private readonly FrozenDictionary<TEnum, string> _byValue;

    public Vocabulary(params (string Word, TEnum Value)[] entries)
    {
        _byWord = entries.ToFrozenDictionary(e => e.Word, e => e.Value, StringComparer.Ordinal);
        _byValue = entries.ToFrozenDictionary(e => e.Value, e => e.Word);
        Words = [.. entries.Select(e => e.Word)];
    }

    public IReadOnlyList<string> Words { get; }

    public bool TryParse(string word, out TEnum value) => _byWord.TryGetValue(word, out value);

    public string WordOf(TEnum value) => _byValue[value];
}
