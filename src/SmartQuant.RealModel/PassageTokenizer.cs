using Microsoft.ML.Tokenizers;

namespace SmartQuant.RealModel;

/// <summary>
/// The model's WordPiece tokenizer (BERT, lower-casing, the package's vocab.txt): a passage becomes
/// [CLS] ids … [SEP]. Passages longer than the model's 512 positions are rejected, not truncated.
/// </summary>
public sealed class PassageTokenizer
{
    public const int MaxTokens = 512;
    private readonly BertTokenizer _bert;

    public PassageTokenizer(byte[] vocab)
    {
        using var s = new MemoryStream(vocab, writable: false);
        _bert = BertTokenizer.Create(s, new BertOptions { LowerCaseBeforeTokenization = true });
    }

    public int[] Encode(string passage)
    {
        var ids = _bert.EncodeToIds(passage).ToArray();
        if (ids.Length > MaxTokens) throw new ArgumentException($"passage of {ids.Length} tokens exceeds the model's {MaxTokens} positions");
        return ids;
    }

    public List<int[]> EncodeAll(IEnumerable<string> passages) => passages.Select(Encode).ToList();
}
