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
    private readonly byte[][] _utf8Words;
    private readonly TEnum[] _values;

    public Vocabulary(params (string Word, TEnum Value)[] entries)
    {
        _byWord = entries.ToFrozenDictionary(e => e.Word, e => e.Value, StringComparer.Ordinal);
        _byValue = entries.ToFrozenDictionary(e => e.Value, e => e.Word);
        Words = [.. entries.Select(e => e.Word)];
        _utf8Words = [.. entries.Select(e => System.Text.Encoding.UTF8.GetBytes(e.Word))];
        _values = [.. entries.Select(e => e.Value)];
    }

    public IReadOnlyList<string> Words { get; }

    public bool TryParse(string word, out TEnum value) => _byWord.TryGetValue(word, out value);

    /// <summary>
    /// The word as the UTF-8 bytes of a JSON string, exactly (no trimming, no escapes): the parser's fast path for the
    /// vocabulary fields every event carries, with no string made. A handful of words, so a scan beats hashing.
    /// </summary>
    public bool TryParseUtf8(ReadOnlySpan<byte> word, out TEnum value)
    {
        for (var i = 0; i < _utf8Words.Length; i++)
        {
            if (word.SequenceEqual(_utf8Words[i]))
            {
                value = _values[i];
                return true;
            }
        }
        value = default;
        return false;
    }

    public string WordOf(TEnum value) => _byValue[value];
}
