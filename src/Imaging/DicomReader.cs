using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace EMage.Imaging;

/// <summary>
/// Reads a DICOM Part-10 file (or a bare dataset) far enough to index it. Handles the preamble and
/// "DICM", a file meta group with or without its group length, or none at all; implicit and
/// explicit VR little endian, explicit big endian, deflated; sequences and items of defined or
/// undefined length nested to any reasonable depth, UN of undefined length, encapsulated pixel data;
/// the specific character set of names; odd or padded values. It never reads past a declared length,
/// always moves forward, and allocates no more than the file's size (deflate: a bounded multiple).
/// </summary>
public static class DicomReader
{
    public const int MaxDepth = 64;
    public const int MaxInflationFactor = 64;

    private const string ImplicitLittle = "1.2.840.10008.1.2";
    private const string ExplicitBig = "1.2.840.10008.1.2.2";
    private const string Deflated = "1.2.840.10008.1.2.1.99";
    private const uint Undefined = 0xFFFFFFFF;

    internal static readonly HashSet<string> Vrs =
    [
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN",
        "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
    ];

    internal static readonly HashSet<string> LongVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"];

    public static DicomIndex Read(byte[] file)
    {
        var (data, pos, explicitVr, little, transferSyntax) = Prepare(file);
        var reader = new Reader(data, little);
        var values = new Dictionary<uint, DicomElement>();
        reader.Dataset(pos, data.Length, explicitVr, 0, values, untilItemEnd: false);
        return Index(data, little, transferSyntax, values);
    }

    /// <summary>
    /// The document an Encapsulated Document instance carries (PS3.3 C.24.2): its MIME type (0042,0012)
    /// and the bytes of (0042,0011), cut to the Encapsulated Document Length (0042,0015) when that is
    /// given and no longer than the value (the value itself is padded to an even length). Null when
    /// the instance encapsulates nothing.
    /// </summary>
    public static EncapsulatedDocument? ReadEncapsulatedDocument(byte[] file)
    {
        var (elements, data, little) = TopLevel(file);
        if (!elements.TryGetValue(0x00420011, out var document) || document.Items is not null)
        {
            return null;
        }

        var length = document.Length;
        if (elements.TryGetValue(0x00420015, out var declared) && declared.Length >= 4)
        {
            var span = data.AsSpan(declared.Start, 4);
            var stated = little ? BinaryPrimitives.ReadUInt32LittleEndian(span) : BinaryPrimitives.ReadUInt32BigEndian(span);
            if (stated <= (uint)length)
            {
                length = (int)stated;
            }
        }

        var mime = elements.TryGetValue(0x00420012, out var type) ? Ascii(data.AsSpan(type.Start, type.Length)).Trim(' ', '\0') : null;
        return new EncapsulatedDocument(mime is { Length: > 0 } ? mime : null, data.AsSpan(document.Start, length).ToArray());
    }

    /// <summary>Finds the data set: past the preamble and the meta group, in its transfer syntax (inflated when deflated).</summary>
    internal static (byte[] Data, int Position, bool Explicit, bool Little, string? TransferSyntax) Prepare(byte[] file)
    {
        var pos = 0;
        if (file.Length >= 132 && file.AsSpan(128, 4).SequenceEqual("DICM"u8))
        {
            pos = 132;
        }
        else if (file.Length >= 4 && file.AsSpan(0, 4).SequenceEqual("DICM"u8))
        {
            pos = 4;
        }

        string? transferSyntax = null;
        if (file.Length - pos >= 8 && BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(pos)) == 0x0002)
        {
            (transferSyntax, pos) = ReadMeta(file, pos);
        }
        else if (pos > 0 && file.Length - pos < 8)
        {
            throw new DicomParseException("The file ends right after its preamble.");
        }

        var data = file;
        bool explicitVr, little;
        switch (transferSyntax)
        {
            case ImplicitLittle:
                (explicitVr, little) = (false, true);
                break;
            case ExplicitBig:
                (explicitVr, little) = (true, false);
                break;
            case Deflated:
                data = Inflate(file, pos);
                pos = 0;
                (explicitVr, little) = (true, true);
                break;
            case null:
                (explicitVr, little) = Guess(file, pos);
                break;
            default:
                (explicitVr, little) = (true, true);
                break;
        }

        return (data, pos, explicitVr, little, transferSyntax);
    }

    private static (string? TransferSyntax, int Position) ReadMeta(byte[] file, int pos)
    {
        string? transferSyntax = null;
        var reader = new Reader(file, little: true);
        while (file.Length - pos >= 8 && BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(pos)) == 0x0002)
        {
            var (tag, vr, length, header) = reader.Header(pos, explicitVr: true);
            if (length == Undefined)
            {
                throw new DicomParseException("A file meta element has an undefined length.");
            }

            var start = pos + header;
            reader.Require(start, length, tag);
            if (tag == 0x00020010)
            {
                transferSyntax = Ascii(file.AsSpan(start, (int)length)).TrimEnd('\0', ' ');
            }

            pos = start + (int)length;
        }

        return (transferSyntax, pos);
    }

    /// <summary>No transfer syntax: explicit VR when a VR stands where it would, and the byte order that gives the smaller group.</summary>
    private static (bool Explicit, bool Little) Guess(byte[] data, int pos)
    {
        if (data.Length - pos < 8)
        {
            throw new DicomParseException("The file holds no DICOM data set.");
        }

        var vr = Ascii(data.AsSpan(pos + 4, 2));
        var groupLittle = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(pos));
        var groupBig = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(pos));
        var explicitVr = Vrs.Contains(vr);
        return (explicitVr, !explicitVr || groupLittle <= groupBig);
    }

    private static byte[] Inflate(byte[] file, int pos)
    {
        using var input = new MemoryStream(file, pos, file.Length - pos);
        using var deflate = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var limit = (long)Math.Max(file.Length, 1024) * MaxInflationFactor;
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = deflate.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, read);
                if (output.Length > limit)
                {
                    throw new DicomParseException("The deflated data set inflates beyond any plausible size.");
                }
            }
        }
        catch (InvalidDataException)
        {
            throw new DicomParseException("The deflated data set is not valid deflate data.");
        }

        return output.ToArray();
    }

    private static DicomIndex Index(byte[] data, bool little, string? transferSyntax, Dictionary<uint, DicomElement> values)
    {
        string[] charsets = values.TryGetValue(0x00080005, out var cs)
            ? Ascii(data.AsSpan(cs.Start, cs.Length)).Split('\\').Select(s => s.Trim()).ToArray()
            : [];

        string? Text(uint tag, bool personName = false)
        {
            if (!values.TryGetValue(tag, out var v) || v.Length == 0) return null;
            var text = DicomText.Decode(data.AsSpan(v.Start, v.Length), charsets, personName).TrimEnd(' ', '\0');
            if (personName)
            {
                text = text.TrimEnd('='); // empty trailing component groups say nothing
            }

            return text.Length == 0 ? null : text;
        }

        string? Uid(uint tag) => values.TryGetValue(tag, out var v) && Ascii(data.AsSpan(v.Start, v.Length)).Trim('\0', ' ') is { Length: > 0 } uid ? uid : null;

        int? Integer(uint tag)
        {
            var text = Text(tag)?.Trim();
            if (text is null) return null;
            return int.TryParse(text.Split('\\')[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new DicomParseException($"Element ({tag >> 16:X4},{tag & 0xFFFF:X4}) should hold an integer string, not '{text}'.");
        }

        int? Unsigned(uint tag)
        {
            if (!values.TryGetValue(tag, out var v) || v.Length == 0) return null;
            if (v.Length < 2) throw new DicomParseException($"Element ({tag >> 16:X4},{tag & 0xFFFF:X4}) is too short for an unsigned short.");
            var span = data.AsSpan(v.Start, 2);
            return little ? BinaryPrimitives.ReadUInt16LittleEndian(span) : BinaryPrimitives.ReadUInt16BigEndian(span);
        }

        return new DicomIndex
        {
            TransferSyntaxUid = transferSyntax,
            PatientId = Text(0x00100020),
            PatientName = Text(0x00100010, personName: true),
            PatientBirthDate = Text(0x00100030),
            PatientSex = Text(0x00100040),
            StudyInstanceUid = Uid(0x0020000D),
            StudyDate = Text(0x00080020),
            StudyTime = Text(0x00080030),
            StudyId = Text(0x00200010),
            StudyDescription = Text(0x00081030),
            AccessionNumber = Text(0x00080050),
            Modality = Text(0x00080060),
            SeriesInstanceUid = Uid(0x0020000E),
            SeriesNumber = Integer(0x00200011),
            SeriesDescription = Text(0x0008103E),
            SopClassUid = Uid(0x00080016),
            SopInstanceUid = Uid(0x00080018),
            InstanceNumber = Integer(0x00200013),
            Rows = Unsigned(0x00280010),
            Columns = Unsigned(0x00280011),
            NumberOfFrames = Integer(0x00280008),
        };
    }

    private static readonly HashSet<uint> Indexed =
    [
        0x00080005, 0x00100020, 0x00100010, 0x00100030, 0x00100040, 0x0020000D, 0x00080020, 0x00081030, 0x00080050,
        0x00080060, 0x0020000E, 0x00080016, 0x00080018, 0x00200013, 0x00280010, 0x00280011, 0x00280008,
        0x00080030, 0x00200010, 0x00200011, 0x0008103E,
    ];

    internal static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Walks elements, items and sequences over one buffer; every step is bounds-checked and moves forward.</summary>
    /// <summary>Every top-level element's VR and value position (sequences walked, not kept), for the metadata.</summary>
    internal static (Dictionary<uint, DicomElement> Elements, byte[] Data, bool Little) TopLevel(byte[] file)
    {
        var (data, pos, explicitVr, little, _) = Prepare(file);
        var values = new Dictionary<uint, DicomElement>();
        new Reader(data, little, collectAll: true).Dataset(pos, data.Length, explicitVr, 0, values, untilItemEnd: false);
        return (values, data, little);
    }

    private sealed class Reader(byte[] data, bool little, bool collectAll = false)
    {
        public (uint Tag, string? Vr, uint Length, int HeaderLength) Header(int pos, bool explicitVr, bool littleOverride = false)
        {
            var isLittle = little || littleOverride;
            if (data.Length - pos < 8)
            {
                throw new DicomParseException($"The data ends inside an element header at byte {pos}.");
            }

            var group = U16(pos, isLittle);
            var element = U16(pos + 2, isLittle);
            var tag = ((uint)group << 16) | element;
            if (group == 0xFFFE)
            {
                return (tag, null, U32(pos + 4, isLittle), 8);
            }

            if (explicitVr)
            {
                var vr = Ascii(data.AsSpan(pos + 4, 2));
                if (Vrs.Contains(vr))
                {
                    if (!LongVrs.Contains(vr))
                    {
                        return (tag, vr, U16(pos + 6, isLittle), 8);
                    }

                    if (data.Length - pos < 12)
                    {
                        throw new DicomParseException($"The data ends inside the header of ({group:X4},{element:X4}).");
                    }

                    return (tag, vr, U32(pos + 8, isLittle), 12);
                }

                // Not a VR: an implicit VR element inside an explicit data set (some writers do that).
            }

            return (tag, null, U32(pos + 4, isLittle), 8);
        }

        public void Require(int start, uint length, uint tag)
        {
            if (length > (uint)(data.Length - start))
            {
                throw new DicomParseException(
                    $"Element ({tag >> 16:X4},{tag & 0xFFFF:X4}) declares {length} bytes but only {data.Length - start} remain.");
            }
        }

        /// <summary>Reads a data set from <paramref name="pos"/>; returns where it ended (after the item delimiter when asked for one).</summary>
        public int Dataset(int pos, int end, bool explicitVr, int depth, Dictionary<uint, DicomElement>? top, bool untilItemEnd, bool implicitLittle = false)
        {
            if (depth > MaxDepth)
            {
                throw new DicomParseException("Sequences are nested deeper than any real data set.");
            }

            while (pos < end)
            {
                var (tag, vr, length, header) = Header(pos, explicitVr, implicitLittle);
                if (tag == 0xFFFEE00D)
                {
                    if (!untilItemEnd) throw new DicomParseException($"An item delimiter stands outside any item at byte {pos}.");
                    return pos + header;
                }

                if (tag is 0xFFFEE0DD or 0xFFFEE000 && !untilItemEnd && depth == 0 && (data.Length - pos) < 16)
                {
                    return data.Length; // stray delimiter as trailing padding
                }

                var start = pos + header;
                // The items of a sequence are kept (for the metadata) only when every element is collected.
                var collect = collectAll && top is not null;
                if (length == Undefined)
                {
                    // A sequence, encapsulated pixel data, or UN of undefined length (whose content is implicit VR little endian).
                    List<Dictionary<uint, DicomElement>>? items = collect && vr is "SQ" or null && tag != 0x7FE00010 ? [] : null;
                    pos = Sequence(start, end, explicitVr && vr != "UN", depth + 1, implicitLittle || vr == "UN", items: items);
                    if (items is not null)
                    {
                        top!.TryAdd(tag, new DicomElement("SQ", start, 0, items));
                    }

                    continue;
                }

                Require(start, length, tag);
                if (start + length > end)
                {
                    throw new DicomParseException($"Element ({tag >> 16:X4},{tag & 0xFFFF:X4}) runs past the end of its item.");
                }

                if (collect && vr is null && (tag & 0x00010000) == 0 && length >= 8 && LooksLikeItem(start) && TryItems(start, (int)length, depth, implicitLittle) is { } implicitItems)
                {
                    // Implicit VR: a standard (even group) value that parses as items is a sequence; private ones stay UN, as pydicom leaves them.
                    top!.TryAdd(tag, new DicomElement("SQ", start, (int)length, implicitItems));
                }
                else if (vr == "SQ")
                {
                    List<Dictionary<uint, DicomElement>>? items = collect ? [] : null;
                    Sequence(start, start + (int)length, explicitVr, depth + 1, implicitLittle, definedEnd: true, items: items);
                    if (items is not null)
                    {
                        top!.TryAdd(tag, new DicomElement("SQ", start, (int)length, items));
                    }
                }
                else if (top is not null && (collect || (depth == 0 && Indexed.Contains(tag))))
                {
                    top.TryAdd(tag, new DicomElement(vr, start, (int)length));
                }

                pos = start + (int)length;
            }

            if (untilItemEnd)
            {
                throw new DicomParseException("An item of undefined length is never closed.");
            }

            return pos;
        }

        /// <summary>Items until the sequence delimiter (undefined length) or until <paramref name="end"/> (defined length).</summary>
        private bool LooksLikeItem(int pos) =>
            data.Length - pos >= 4 && U16(pos, little) == 0xFFFE && U16(pos + 2, little) == 0xE000;

        /// <summary>The items of an implicit VR value that looks like a sequence, or null when it does not parse as one.</summary>
        private List<Dictionary<uint, DicomElement>>? TryItems(int start, int length, int depth, bool implicitLittle)
        {
            var items = new List<Dictionary<uint, DicomElement>>();
            try
            {
                Sequence(start, start + length, explicitVr: false, depth + 1, implicitLittle, definedEnd: true, items: items);
                return items;
            }
            catch (DicomParseException)
            {
                return null;
            }
        }

        /// <param name="items">When not null, each item's elements are collected into a dictionary added to it.</param>
        private int Sequence(int pos, int end, bool explicitVr, int depth, bool implicitLittle, bool definedEnd = false,
            List<Dictionary<uint, DicomElement>>? items = null)
        {
            if (depth > MaxDepth)
            {
                throw new DicomParseException("Sequences are nested deeper than any real data set.");
            }

            while (true)
            {
                if (definedEnd && pos == end)
                {
                    return pos;
                }

                var (tag, _, length, header) = Header(pos, explicitVr: false, implicitLittle);
                if (tag == 0xFFFEE0DD)
                {
                    return pos + header;
                }

                if (tag != 0xFFFEE000)
                {
                    throw new DicomParseException($"Expected an item in a sequence at byte {pos}, found ({tag >> 16:X4},{tag & 0xFFFF:X4}).");
                }

                var start = pos + header;
                var item = items is null ? null : new Dictionary<uint, DicomElement>();
                items?.Add(item!);
                if (length == Undefined)
                {
                    pos = Dataset(start, end, explicitVr, depth, top: item, untilItemEnd: true, implicitLittle);
                    continue;
                }

                Require(start, length, tag);
                if (start + length > end)
                {
                    throw new DicomParseException("An item runs past the end of its sequence.");
                }

                if (item is not null)
                {
                    Dataset(start, start + (int)length, explicitVr, depth, top: item, untilItemEnd: false, implicitLittle);
                }

                pos = start + (int)length;
            }
        }

        private ushort U16(int pos, bool isLittle) =>
            isLittle ? BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(pos)) : BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(pos));

        private uint U32(int pos, bool isLittle) =>
            isLittle ? BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos)) : BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(pos));
    }
}

/// <summary>An element's VR (null: implicit) and value position; a sequence's items when they were collected.</summary>
internal sealed record DicomElement(string? Vr, int Start, int Length, List<Dictionary<uint, DicomElement>>? Items = null);
