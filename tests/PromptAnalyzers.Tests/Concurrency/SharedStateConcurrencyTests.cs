using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.ML.Tokenizers;
using PromptAnalyzers.Internal.Tokenization;
using Xunit;
using Xunit.Abstractions;

namespace PromptAnalyzers.Tests.Concurrency;

/// <summary>
/// Issue 7, point 5: the process-wide tokenizers (both encodings: counting, encoding, truncation) and the model
/// catalog, shared by 8 threads for 1,000,000 operations. Every answer is compared with the one computed on a single
/// thread first, and the totals must match exactly.
/// </summary>
public class SharedStateConcurrencyTests(ITestOutputHelper output)
{
    private const int Threads = 8;
    private const int OperationsPerThread = 125_000;

    [Fact]
    public void Eight_threads_one_million_operations_give_the_single_threaded_answers()
    {
        var random = new Random(8);
        string[] words = { "token", " budget", " 😀", " 漢字", "\n", "  ", " don't", " 12345", " naïve", "𝐀's", " <|endoftext|>", "." };
        string[] texts = Enumerable.Range(0, 256).Select(_ =>
        {
            var text = new StringBuilder();
            for (int i = random.Next(1, 24); i > 0; i--)
            {
                text.Append(words[random.Next(words.Length)]);
            }

            // Every 16th text is a long unbroken run, merged by the heap-based path.
            return random.Next(16) == 0 ? text.Append('q', 400).ToString() : text.ToString();
        }).ToArray();
        Tokenizer[] tokenizers = { TiktokenEncodings.Get(TiktokenEncodings.Cl100kBase), TiktokenEncodings.Get(TiktokenEncodings.O200kBase) };
        string[] encodings = { TiktokenEncodings.Cl100kBase, TiktokenEncodings.O200kBase };
        string[] models = ModelCatalog.Default.Models.Select(m => m.Name).ToArray();

        // Single-threaded answers.
        var counts = new int[2, texts.Length];
        var firstIds = new int[2, texts.Length];
        var cuts = new string[2, texts.Length];
        for (int e = 0; e < 2; e++)
        {
            for (int t = 0; t < texts.Length; t++)
            {
                counts[e, t] = tokenizers[e].CountTokens(texts[t]);
                firstIds[e, t] = tokenizers[e].EncodeToIds(texts[t])[0];
                cuts[e, t] = TextTruncator.Truncate(texts[t], 5, Truncation.KeepEnd, encodings[e]).Text;
            }
        }

        int[] windows = models.Select(m => ModelCatalog.Default.Get(m).ContextWindow).ToArray();

        long expectedTotal = 0;
        var totals = new long[Threads];
        var failures = new string?[Threads];
        var stopwatch = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, Threads).Select(thread => new Thread(() =>
        {
            try
            {
                var local = new Random(1_000 + thread);
                long total = 0;
                for (int op = 0; op < OperationsPerThread; op++)
                {
                    int e = local.Next(2);
                    int t = local.Next(texts.Length);
                    switch (op % 8)
                    {
                        case 0:
                            total += Check(tokenizers[e].EncodeToIds(texts[t])[0], firstIds[e, t], "first id");
                            break;
                        case 1:
                            string cut = TextTruncator.Truncate(texts[t], 5, Truncation.KeepEnd, encodings[e]).Text;
                            total += Check(cut == cuts[e, t] ? 1 : 0, 1, "keep-end cut");
                            break;
                        case 2:
                            int m = local.Next(models.Length);
                            total += Check(ModelCatalog.Default.Get(models[m]).ContextWindow, windows[m], "context window");
                            break;
                        default:
                            total += Check(tokenizers[e].CountTokens(texts[t]), counts[e, t], "count");
                            break;
                    }
                }

                totals[thread] = total;
            }
            catch (Exception exception)
            {
                failures[thread] = exception.ToString();
            }
        })).ToArray();

        // What the threads must add up to, from the same seeds and the single-threaded answers.
        for (int thread = 0; thread < Threads; thread++)
        {
            var local = new Random(1_000 + thread);
            for (int op = 0; op < OperationsPerThread; op++)
            {
                int e = local.Next(2);
                int t = local.Next(texts.Length);
                expectedTotal += (op % 8) switch
                {
                    0 => firstIds[e, t],
                    1 => 1,
                    2 => windows[local.Next(models.Length)],
                    _ => counts[e, t],
                };
            }
        }

        stopwatch.Restart();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        output.WriteLine($"{Threads} threads, {Threads * OperationsPerThread:N0} operations, total {totals.Sum():N0}, {stopwatch.ElapsedMilliseconds} ms");
        Assert.All(failures, failure => Assert.Null(failure));
        Assert.Equal(expectedTotal, totals.Sum());
    }

    private static int Check(int actual, int expected, string what) =>
        actual == expected ? actual : throw new InvalidOperationException($"{what}: {actual} instead of {expected}");
}
