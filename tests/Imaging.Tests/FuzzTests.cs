using System.Diagnostics;

namespace EMage.Imaging.Tests;

/// <summary>
/// Random and mutated inputs, a bounded number of them within a bounded time: the reader answers
/// every one with an index or with its own clear error, never with a crash, another exception or a hang.
/// </summary>
public class FuzzTests
{
    private static readonly string Corpus = Path.Combine("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    private static void ReadOrRefuse(byte[] input, List<string> failures, string what)
    {
        try
        {
            DicomReader.Read(input);
            DicomJson.Metadata(input);
            DicomReader.ReadEncapsulatedDocument(input);
        }
        catch (DicomParseException e) when (e.Message.Length > 0)
        {
        }
        catch (Exception e)
        {
            failures.Add($"{what}: {e.GetType().Name}: {e.Message}");
        }
    }

    [Fact]
    public void RandomBytes_AreRefusedCleanly()
    {
        var random = new Random(20261203);
        var failures = new List<string>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 3000 && watch.Elapsed < TimeSpan.FromSeconds(20); i++)
        {
            var input = new byte[random.Next(0, 2048)];
            random.NextBytes(input);
            if (i % 3 == 0 && input.Length >= 132)
            {
                "DICM"u8.CopyTo(input.AsSpan(128)); // get past the preamble check
            }

            ReadOrRefuse(input, failures, $"random #{i}");
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }

    [Fact]
    public void MutatedRealFiles_AreReadOrRefusedCleanly()
    {
        Assert.True(Directory.Exists(Corpus), "python3-pydicom's test files are missing: ./emage test installs them.");
        var files = Directory.GetFiles(Corpus, "*.dcm").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).Where(b => b.Length < 2_000_000).ToList();
        foreach (var syntax in new[] { "explicit", "implicit", "big" })
        {
            files.Add(EMage.Testing.Pydicom.Write(new EMage.Testing.Pydicom.EncapsulatedPdf(
                "%PDF-1.7\n% un compte rendu\n%%EOF"u8.ToArray(), "1.2.3.4.1", "1.2.3.4", "1.2.3.4.2", "IPP-FUZZ", Syntax: syntax)));
        }

        var random = new Random(42);
        var failures = new List<string>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 4000 && watch.Elapsed < TimeSpan.FromSeconds(30); i++)
        {
            var input = (byte[])files[random.Next(files.Count)].Clone();
            switch (random.Next(4))
            {
                case 0: // flip a few bytes, mostly in the headers at the start
                    for (var k = 0; k < 1 + random.Next(8); k++)
                    {
                        input[random.Next(Math.Min(input.Length, 1024))] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 1: // cut it short
                    Array.Resize(ref input, random.Next(input.Length));
                    break;
                case 2: // an undefined length where a length was
                {
                    var at = random.Next(Math.Max(1, Math.Min(input.Length - 4, 2048)));
                    if (input.Length >= at + 4) BitConverter.GetBytes(0xFFFFFFFFu).CopyTo(input, at);
                    break;
                }

                default: // a huge length
                {
                    var at = random.Next(Math.Max(1, Math.Min(input.Length - 4, 2048)));
                    if (input.Length >= at + 4) BitConverter.GetBytes(0x7FFFFFF0u).CopyTo(input, at);
                    break;
                }
            }

            ReadOrRefuse(input, failures, $"mutation #{i}");
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }
}
