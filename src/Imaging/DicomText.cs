using System.Text;

namespace EMage.Imaging;

/// <summary>
/// Decodes text values under a Specific Character Set (0008,0005): single-byte sets, UTF-8, GB18030
/// and GBK, and the ISO 2022 code extensions (Japanese, Korean, Chinese) whose escape sequences switch
/// sets inside a value. In a person name, every '^' and '=' returns to the first set.
/// </summary>
internal static class DicomText
{
    static DicomText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly Dictionary<string, string> SingleSets = new(StringComparer.Ordinal)
    {
        [""] = "iso-8859-1", ["ISO_IR 6"] = "iso-8859-1", ["ISO 2022 IR 6"] = "iso-8859-1",
        ["ISO_IR 100"] = "iso-8859-1", ["ISO 2022 IR 100"] = "iso-8859-1",
        ["ISO_IR 101"] = "iso-8859-2", ["ISO 2022 IR 101"] = "iso-8859-2",
        ["ISO_IR 109"] = "iso-8859-3", ["ISO 2022 IR 109"] = "iso-8859-3",
        ["ISO_IR 110"] = "iso-8859-4", ["ISO 2022 IR 110"] = "iso-8859-4",
        ["ISO_IR 144"] = "iso-8859-5", ["ISO 2022 IR 144"] = "iso-8859-5",
        ["ISO_IR 127"] = "iso-8859-6", ["ISO 2022 IR 127"] = "iso-8859-6",
        ["ISO_IR 126"] = "iso-8859-7", ["ISO 2022 IR 126"] = "iso-8859-7",
        ["ISO_IR 138"] = "iso-8859-8", ["ISO 2022 IR 138"] = "iso-8859-8",
        ["ISO_IR 148"] = "iso-8859-9", ["ISO 2022 IR 148"] = "iso-8859-9",
        ["ISO_IR 203"] = "iso-8859-15", ["ISO 2022 IR 203"] = "iso-8859-15",
        ["ISO_IR 166"] = "windows-874", ["ISO 2022 IR 166"] = "windows-874",
        ["ISO_IR 13"] = "shift_jis", ["ISO 2022 IR 13"] = "shift_jis",
        ["ISO_IR 192"] = "utf-8", ["GB18030"] = "gb18030", ["GBK"] = "gbk",
    };

    public static string Decode(ReadOnlySpan<byte> bytes, string[] charsets, bool personName)
    {
        var first = charsets.Length == 0 ? "" : charsets[0].Trim();
        if (!bytes.Contains((byte)0x1B) && SingleSets.TryGetValue(first, out var single))
        {
            return Encoding.GetEncoding(single).GetString(bytes);
        }

        return DecodeIso2022(bytes, first, personName);
    }

    private enum Set { Ascii, JisRoman, Jis0208, Jis0212, Katakana, Ksx1001, Gb2312, Latin }

    private static string DecodeIso2022(ReadOnlySpan<byte> bytes, string first, bool personName)
    {
        var (initialG0, initialG1) = first switch
        {
            "ISO 2022 IR 13" => (Set.JisRoman, Set.Katakana),
            "ISO 2022 IR 149" => (Set.Ascii, Set.Ksx1001),
            "ISO 2022 IR 58" => (Set.Ascii, Set.Gb2312),
            _ => (Set.Ascii, Set.Latin),
        };
        var latin = SingleSets.TryGetValue(first, out var name) && name.StartsWith("iso-8859", StringComparison.Ordinal)
            ? Encoding.GetEncoding(name) : Encoding.Latin1;
        var (g0, g1) = (initialG0, initialG1);
        var text = new StringBuilder();
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b == 0x1B && TryEscape(bytes[i..], ref g0, ref g1, ref latin, out var consumed))
            {
                i += consumed;
                continue;
            }

            if (personName && IsDelimiter(b, g0))
            {
                (g0, g1) = (initialG0, initialG1);
                text.Append((char)b);
                i++;
                continue;
            }

            var set = b < 0x80 ? g0 : g1;
            var width = set is Set.Jis0208 or Set.Ksx1001 or Set.Gb2312 ? 2 : set == Set.Jis0212 ? 2 : 1;
            var end = i;
            while (end < bytes.Length && bytes[end] != 0x1B && (bytes[end] < 0x80 ? g0 : g1) == set
                   && !(personName && IsDelimiter(bytes[end], g0)))
            {
                end++;
            }

            if (width == 2 && (end - i) % 2 == 1)
            {
                end--; // an odd byte out cannot be half a character: decode it alone below
                if (end == i) end = i + 1;
            }

            text.Append(DecodeRun(bytes[i..end], set, latin));
            i = end;
        }

        return text.ToString();
    }

    /// <summary>'^' and '=' separate name parts only where G0 is a one-byte set; in JIS X 0208 they are halves of characters.</summary>
    private static bool IsDelimiter(byte b, Set g0) => (b == (byte)'^' || b == (byte)'=') && g0 is Set.Ascii or Set.JisRoman;

    private static string DecodeRun(ReadOnlySpan<byte> run, Set set, Encoding latin)
    {
        switch (set)
        {
            case Set.Jis0208:
            {
                var euc = new byte[run.Length];
                for (var k = 0; k < run.Length; k++) euc[k] = (byte)(run[k] | 0x80);
                return Encoding.GetEncoding("euc-jp").GetString(euc);
            }

            case Set.Jis0212:
            {
                var euc = new List<byte>();
                for (var k = 0; k + 1 < run.Length; k += 2)
                {
                    euc.Add(0x8F);
                    euc.Add((byte)(run[k] | 0x80));
                    euc.Add((byte)(run[k + 1] | 0x80));
                }

                return Encoding.GetEncoding("euc-jp").GetString(euc.ToArray());
            }

            case Set.Katakana:
                return Encoding.GetEncoding("shift_jis").GetString(run);
            case Set.Ksx1001:
                return Encoding.GetEncoding("euc-kr").GetString(run);
            case Set.Gb2312:
                return Encoding.GetEncoding("gb2312").GetString(run);
            case Set.JisRoman:
            case Set.Ascii:
                return Encoding.ASCII.GetString(run);
            default:
                return latin.GetString(run);
        }
    }

    /// <summary>The escape sequences of the ISO 2022 code extensions DICOM defines.</summary>
    private static bool TryEscape(ReadOnlySpan<byte> s, ref Set g0, ref Set g1, ref Encoding latin, out int consumed)
    {
        consumed = 0;
        if (s.Length >= 3 && s[1] == '(' && s[2] == 'B') { g0 = Set.Ascii; consumed = 3; }
        else if (s.Length >= 3 && s[1] == '(' && s[2] == 'J') { g0 = Set.JisRoman; consumed = 3; }
        else if (s.Length >= 3 && s[1] == ')' && s[2] == 'I') { g1 = Set.Katakana; consumed = 3; }
        else if (s.Length >= 3 && s[1] == '$' && s[2] == 'B') { g0 = Set.Jis0208; consumed = 3; }
        else if (s.Length >= 4 && s[1] == '$' && s[2] == '(' && s[3] == 'D') { g0 = Set.Jis0212; consumed = 4; }
        else if (s.Length >= 4 && s[1] == '$' && s[2] == ')' && s[3] == 'C') { g1 = Set.Ksx1001; consumed = 4; }
        else if (s.Length >= 4 && s[1] == '$' && s[2] == ')' && s[3] == 'A') { g1 = Set.Gb2312; consumed = 4; }
        else if (s.Length >= 3 && s[1] == '-')
        {
            var encoding = s[2] switch
            {
                (byte)'A' => "iso-8859-1", (byte)'B' => "iso-8859-2", (byte)'C' => "iso-8859-3", (byte)'D' => "iso-8859-4",
                (byte)'L' => "iso-8859-5", (byte)'G' => "iso-8859-6", (byte)'F' => "iso-8859-7", (byte)'H' => "iso-8859-8",
                (byte)'M' => "iso-8859-9", (byte)'b' => "iso-8859-15", (byte)'T' => "windows-874", _ => null,
            };
            if (encoding is null) return false;
            latin = Encoding.GetEncoding(encoding);
            g1 = Set.Latin;
            consumed = 3;
        }

        return consumed > 0;
    }
}
