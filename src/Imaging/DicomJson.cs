using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json.Nodes;

namespace EMage.Imaging;

/// <summary>
/// The DICOM JSON model (PS3.18 F.2) of an instance's top-level attributes, for WADO-RS metadata:
/// strings, numbers and person names. Binary values (pixel data among them) are left out, as the bulk
/// data is retrieved with the instance. Sequences are given with their items, nested at any depth.
/// Elements whose VR is not in the file (implicit VR) are given as UN without a value.
/// </summary>
public static class DicomJson
{
    private static readonly HashSet<string> Single = ["LT", "ST", "UT", "UR"];
    private static readonly HashSet<string> Binary = ["OB", "OD", "OF", "OL", "OV", "OW", "UN"];

    /// <summary>A person name in the DICOM JSON model: its component groups, alphabetic, ideographic, phonetic.</summary>
    public static JsonObject PersonName(string name)
    {
        var groups = name.Split('=');
        var json = new JsonObject();
        string[] labels = ["Alphabetic", "Ideographic", "Phonetic"];
        for (var g = 0; g < Math.Min(groups.Length, 3); g++)
        {
            if (groups[g].Length > 0) json[labels[g]] = groups[g];
        }

        return json;
    }

    public static JsonObject Metadata(byte[] file)
    {
        var (elements, data, little) = DicomReader.TopLevel(file);
        return Dataset(elements, data, [], little);
    }

    private static JsonObject Dataset(Dictionary<uint, DicomElement> elements, byte[] data, string[] charsets, bool little)
    {
        // An item may name its own character set (PS3.5 7.5.3); it holds for that item and those nested in it.
        if (elements.TryGetValue(0x00080005, out var own) && own.Items is null && own.Length > 0)
        {
            charsets = DicomReader.Ascii(data.AsSpan(own.Start, own.Length)).Split('\\').Select(c => c.Trim()).ToArray();
        }

        var json = new JsonObject();
        foreach (var (tag, element) in elements.OrderBy(e => e.Key))
        {
            if ((tag & 0xFFFF) == 0 || tag == 0x7FE00010)
            {
                continue; // group lengths say nothing; pixel data is the bulk data
            }

            json[tag.ToString("X8", CultureInfo.InvariantCulture)] = element.Items is { } items
                ? Sequence(items, data, charsets, little)
                : Element(element.Vr ?? "UN", data.AsSpan(element.Start, element.Length), charsets, little);
        }

        return json;
    }

    private static JsonObject Sequence(List<Dictionary<uint, DicomElement>> items, byte[] data, string[] charsets, bool little)
    {
        var json = new JsonObject { ["vr"] = "SQ" };
        if (items.Count > 0)
        {
            json["Value"] = new JsonArray(items.Select(item => (JsonNode)Dataset(item, data, charsets, little)).ToArray());
        }

        return json;
    }

    private static JsonObject Element(string vr, ReadOnlySpan<byte> value, string[] charsets, bool little)
    {
        var json = new JsonObject { ["vr"] = vr };
        if (value.Length == 0 || Binary.Contains(vr)) return json;
        var values = new JsonArray();
        switch (vr)
        {
            case "US": for (var i = 0; i + 2 <= value.Length; i += 2) values.Add(little ? BinaryPrimitives.ReadUInt16LittleEndian(value[i..]) : BinaryPrimitives.ReadUInt16BigEndian(value[i..])); break;
            case "SS": for (var i = 0; i + 2 <= value.Length; i += 2) values.Add(little ? BinaryPrimitives.ReadInt16LittleEndian(value[i..]) : BinaryPrimitives.ReadInt16BigEndian(value[i..])); break;
            case "UL": for (var i = 0; i + 4 <= value.Length; i += 4) values.Add(little ? BinaryPrimitives.ReadUInt32LittleEndian(value[i..]) : BinaryPrimitives.ReadUInt32BigEndian(value[i..])); break;
            case "SL": for (var i = 0; i + 4 <= value.Length; i += 4) values.Add(little ? BinaryPrimitives.ReadInt32LittleEndian(value[i..]) : BinaryPrimitives.ReadInt32BigEndian(value[i..])); break;
            case "FL": for (var i = 0; i + 4 <= value.Length; i += 4) values.Add(little ? BinaryPrimitives.ReadSingleLittleEndian(value[i..]) : BinaryPrimitives.ReadSingleBigEndian(value[i..])); break;
            case "FD": for (var i = 0; i + 8 <= value.Length; i += 8) values.Add(little ? BinaryPrimitives.ReadDoubleLittleEndian(value[i..]) : BinaryPrimitives.ReadDoubleBigEndian(value[i..])); break;
            case "AT":
                for (var i = 0; i + 4 <= value.Length; i += 4)
                {
                    var g = little ? BinaryPrimitives.ReadUInt16LittleEndian(value[i..]) : BinaryPrimitives.ReadUInt16BigEndian(value[i..]);
                    var e = little ? BinaryPrimitives.ReadUInt16LittleEndian(value[(i + 2)..]) : BinaryPrimitives.ReadUInt16BigEndian(value[(i + 2)..]);
                    values.Add($"{g:X4}{e:X4}");
                }

                break;
            default:
                var text = DicomText.Decode(value, charsets, vr == "PN").TrimEnd('\0', ' ');
                foreach (var part in Single.Contains(vr) ? [text] : text.Split('\\'))
                {
                    var item = vr == "UI" ? part.Trim('\0', ' ') : part.Trim(' ');
                    if (vr == "PN")
                    {
                        values.Add(PersonName(item));
                    }
                    else if (vr is "IS" && long.TryParse(item, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                    {
                        values.Add(n);
                    }
                    else if (vr is "DS" && double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                    {
                        values.Add(d);
                    }
                    else
                    {
                        values.Add(item.Length == 0 ? null : item);
                    }
                }

                break;
        }

        json["Value"] = values;
        return json;
    }
}
