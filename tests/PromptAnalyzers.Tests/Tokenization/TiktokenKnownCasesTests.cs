using System;
using System.Linq;
using Microsoft.ML.Tokenizers;
using PromptAnalyzers.Internal.Tokenization;
using Xunit;

namespace PromptAnalyzers.Tests.Tokenization;

// Reference ids from npm tiktoken 1.0.22 encode_ordinary. Each case fails with Microsoft.ML.Tokenizers' own
// UTF-16 regular expressions or with special tokens enabled.
public class TiktokenKnownCasesTests
{
    [Theory]
    [InlineData("𝐀's", new[] { 57352, 238, 222, 596 }, new[] { 91362, 222, 885 })]
    [InlineData("𝟏𝟐𝟑", new[] { 57352, 253, 237, 57352, 253, 238, 57352, 253, 239 }, new[] { 43120, 253, 237, 43120, 253, 238, 43120, 253, 239 })]
    [InlineData("𠮷's 𠮷𠮷", new[] { 172, 254, 106, 115, 596, 220, 172, 254, 106, 115, 172, 254, 106, 115 }, new[] { 172, 254, 106, 115, 885, 220, 172, 254, 106, 115, 172, 254, 106, 115 })]
    [InlineData("  𝐀𝐁", new[] { 220, 82350, 238, 222, 57352, 238, 223 }, new[] { 220, 220, 91362, 222, 91362, 223 })]
    [InlineData("<|endoftext|>", new[] { 27, 91, 8862, 728, 428, 91, 29 }, new[] { 27, 91, 419, 1440, 919, 91, 29 })]
    [InlineData("<|im_start|>", new[] { 27, 91, 318, 5011, 91, 29 }, new[] { 27, 91, 321, 10949, 91, 29 })]
    [InlineData("<|fim_prefix|>", new[] { 27, 91, 69, 318, 14301, 91, 29 }, new[] { 27, 91, 103473, 33197, 91, 29 })]
    public void Encodes_like_tiktoken(string text, int[] cl100k, int[] o200k)
    {
        Assert.Equal(cl100k, TiktokenEncodings.Get(TiktokenEncodings.Cl100kBase).EncodeToIds(text, true, false).ToArray());
        Assert.Equal(o200k, TiktokenEncodings.Get(TiktokenEncodings.O200kBase).EncodeToIds(text, true, false).ToArray());
        Assert.Equal(cl100k.Length, TiktokenEncodings.Get(TiktokenEncodings.Cl100kBase).CountTokens(text, true, false));
        Assert.Equal(o200k.Length, TiktokenEncodings.Get(TiktokenEncodings.O200kBase).CountTokens(text.AsSpan(), true, false));
    }

    [Theory]
    [InlineData(TiktokenEncodings.Cl100kBase, "𝐀's")]
    [InlineData(TiktokenEncodings.O200kBase, "𝐀's")]
    [InlineData(TiktokenEncodings.Cl100kBase, "𠮷's 𠮷𠮷")]
    [InlineData(TiktokenEncodings.O200kBase, "𠮷's 𠮷𠮷")]
    [InlineData(TiktokenEncodings.Cl100kBase, "<|endoftext|>")]
    [InlineData(TiktokenEncodings.O200kBase, "<|endoftext|>")]
    [InlineData(TiktokenEncodings.Cl100kBase, "<|fim_prefix|>")]
    public void Microsoft_ML_Tokenizers_own_tokenizer_counts_these_differently(string encoding, string text)
    {
        // Keeps the cases above meaningful: Microsoft.ML.Tokenizers' own tokenizer (UTF-16 regex, special tokens) is off.
        Tokenizer own = TiktokenTokenizer.CreateForEncoding(encoding);
        Tokenizer exact = TiktokenEncodings.Get(encoding);
        Assert.NotEqual(exact.CountTokens(text, true, false), own.CountTokens(text, true, false));
    }

    [Theory]
    [InlineData(TiktokenEncodings.Cl100kBase, new[] { 64, 5809, 65 })]
    [InlineData(TiktokenEncodings.O200kBase, new[] { 64, 3251, 65 })]
    public void A_lone_surrogate_counts_as_the_replacement_character(string encoding, int[] ids)
    {
        Tokenizer tokenizer = TiktokenEncodings.Get(encoding);
        Assert.Equal(ids, tokenizer.EncodeToIds("a\uFFFDb", true, false).ToArray());
        Assert.Equal(ids, tokenizer.EncodeToIds("a\uD800b", true, false).ToArray());
        Assert.Equal(ids, tokenizer.EncodeToIds("a\uDC00b".AsSpan(), true, false).ToArray());
        Assert.Equal(ids.Length, tokenizer.CountTokens("a\uDBFFb", considerPreTokenization: true, considerNormalization: true));
    }

    [Fact]
    public void The_tables_are_unicode_16()
    {
        Assert.Equal("16.0.0", CodePointClasses.UnicodeVersion);
        Assert.Equal(CodePointClass.Upper, CodePointClasses.Of(0x1D400));       // 𝐀
        Assert.Equal(CodePointClass.Number, CodePointClasses.Of(0x1D7CF));      // 𝟏
        Assert.Equal(CodePointClass.OtherLetter, CodePointClasses.Of(0x20BB7)); // 𠮷
        Assert.Equal(CodePointClass.Upper, CodePointClasses.Of(0x10D50));       // Garay capital, new in 16.0
        Assert.Equal(CodePointClass.Other, CodePointClasses.Of(0x10940));       // Sidetic, new in 17.0
        Assert.Equal(CodePointClass.Lower, CodePointClasses.Of(0x0295));       // Lo from 17.0
        Assert.Equal(CodePointClass.Space, CodePointClasses.Of(0x3000));
        Assert.Equal(CodePointClass.Mark, CodePointClasses.Of(0x0301));
        Assert.Equal(CodePointClass.Other, CodePointClasses.Of(0xD800));
        Assert.Equal(CodePointClass.Other, CodePointClasses.Of(0x10FFFF));
    }

    [Fact]
    public void Pieces_follow_the_patterns_over_code_points()
    {
        static string[] Pieces(string encoding, string text) =>
            TiktokenEncodings.Get(encoding).PreTokenizer!.PreTokenize(text).Select(p => text.Substring(p.Offset, p.Length)).ToArray();

        Assert.Equal(new[] { "𝐀", "'s" }, Pieces(TiktokenEncodings.Cl100kBase, "𝐀's"));
        Assert.Equal(new[] { "𝐀's" }, Pieces(TiktokenEncodings.O200kBase, "𝐀's"));
        Assert.Equal(new[] { "𝟏𝟐𝟑", "𝟒" }, Pieces(TiktokenEncodings.Cl100kBase, "𝟏𝟐𝟑𝟒"));
        Assert.Equal(new[] { "Hello", " world", "  ", " x", "\n\n", "  " }, Pieces(TiktokenEncodings.Cl100kBase, "Hello world   x\n\n  "));
        Assert.Equal(new[] { "get", "HTTPResponse", "Code" }, Pieces(TiktokenEncodings.O200kBase, "getHTTPResponseCode"));
        Assert.Equal(new[] { "a", ";\n/" }, Pieces(TiktokenEncodings.O200kBase, "a;\n/"));
        Assert.Equal(new[] { "a", ";\n", "/" }, Pieces(TiktokenEncodings.Cl100kBase, "a;\n/"));
        Assert.Equal(new[] { "don", "'t" }, Pieces(TiktokenEncodings.Cl100kBase, "don't"));
        Assert.Equal(new[] { "don't" }, Pieces(TiktokenEncodings.O200kBase, "don't"));
        Assert.Empty(Pieces(TiktokenEncodings.O200kBase, string.Empty));
    }
}
