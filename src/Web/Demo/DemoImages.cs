using System.Globalization;
using System.Text;

namespace EMage.Web.Demo;

/// <summary>
/// Makes the demo's images and reports: small but real DICOM Part-10 files (explicit VR little
/// endian, 16-bit monochrome, a synthetic phantom that changes from slice to slice) and PDF reports
/// in French. Development only.
/// </summary>
public static class DemoImages
{
    public const string PatientIdAtEstablishments = "DEMO-IPP-1";
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const string MrImageStorage = "1.2.840.10008.5.1.4.1.1.4";
    private const string CrImageStorage = "1.2.840.10008.5.1.4.1.1.1";
    private const string ExplicitLittle = "1.2.840.10008.1.2.1";

    public sealed record Series(string StudyUid, string SeriesUid, string Modality, string AccessionNumber, string StudyDate, string Description, int Slices, int Size,
        int SeriesNumber = 1, string? SeriesDescription = null, string StudyTime = "090000");

    public static IEnumerable<byte[]> Instances(Series s)
    {
        for (var slice = 1; slice <= s.Slices; slice++)
        {
            yield return Instance(s, slice);
        }
    }

    private static byte[] Instance(Series s, int slice)
    {
        var sopClass = s.Modality switch { "CT" => CtImageStorage, "MR" => MrImageStorage, _ => CrImageStorage };
        var sop = $"{s.SeriesUid}.{slice}";
        var meta = new Writer();
        meta.Element(0x0002, 0x0001, "OB", [0, 1]);
        meta.Text(0x0002, 0x0002, "UI", sopClass);
        meta.Text(0x0002, 0x0003, "UI", sop);
        meta.Text(0x0002, 0x0010, "UI", ExplicitLittle);
        meta.Text(0x0002, 0x0012, "UI", "1.2.250.1.999.0.1");
        var data = new Writer();
        data.Text(0x0008, 0x0005, "CS", "ISO_IR 192");
        data.Text(0x0008, 0x0016, "UI", sopClass);
        data.Text(0x0008, 0x0018, "UI", sop);
        data.Text(0x0008, 0x0020, "DA", s.StudyDate);
        data.Text(0x0008, 0x0030, "TM", s.StudyTime);
        data.Text(0x0008, 0x0050, "SH", s.AccessionNumber);
        data.Text(0x0008, 0x0060, "CS", s.Modality);
        data.Text(0x0008, 0x1030, "LO", s.Description);
        data.Text(0x0008, 0x103E, "LO", s.SeriesDescription ?? $"{s.Description} {s.SeriesNumber}");
        data.Text(0x0010, 0x0010, "PN", "DURAND^Marie");
        data.Text(0x0010, 0x0020, "LO", PatientIdAtEstablishments);
        data.Text(0x0010, 0x0030, "DA", "19840512");
        data.Text(0x0010, 0x0040, "CS", "F");
        data.Text(0x0020, 0x000D, "UI", s.StudyUid);
        data.Text(0x0020, 0x000E, "UI", s.SeriesUid);
        data.Text(0x0020, 0x0011, "IS", s.SeriesNumber.ToString(CultureInfo.InvariantCulture));
        data.Text(0x0020, 0x0013, "IS", slice.ToString(CultureInfo.InvariantCulture));
        data.Text(0x0020, 0x1041, "DS", (slice * 5.0).ToString("0.0", CultureInfo.InvariantCulture));
        data.U16(0x0028, 0x0002, 1);
        data.Text(0x0028, 0x0004, "CS", "MONOCHROME2");
        data.U16(0x0028, 0x0010, (ushort)s.Size);
        data.U16(0x0028, 0x0011, (ushort)s.Size);
        data.U16(0x0028, 0x0100, 16);
        data.U16(0x0028, 0x0101, 12);
        data.U16(0x0028, 0x0102, 11);
        data.U16(0x0028, 0x0103, 0);
        data.Text(0x0028, 0x1050, "DS", s.Modality == "CT" ? "1064" : "1200");
        data.Text(0x0028, 0x1051, "DS", s.Modality == "CT" ? "400" : "2000");
        data.Element(0x7FE0, 0x0010, "OW", Pixels(s, slice));

        var file = new List<byte>(new byte[128]);
        file.AddRange("DICM"u8.ToArray());
        var group = meta.Bytes();
        var length = new Writer();
        length.Element(0x0002, 0x0000, "UL", BitConverter.GetBytes((uint)group.Length));
        file.AddRange(length.Bytes());
        file.AddRange(group);
        file.AddRange(data.Bytes());
        return file.ToArray();
    }

    /// <summary>An ellipse of soft tissue, a bright spine and an organ that grows and shrinks along the slices.</summary>
    private static byte[] Pixels(Series s, int slice)
    {
        var n = s.Size;
        var pixels = new byte[n * n * 2];
        var t = (double)slice / s.Slices;
        var organ = 0.12 + 0.12 * Math.Sin(Math.PI * t);
        for (var y = 0; y < n; y++)
        {
            for (var x = 0; x < n; x++)
            {
                var u = (x - n / 2.0) / (n / 2.0);
                var v = (y - n / 2.0) / (n / 2.0);
                double value = 0;
                if (u * u / 0.8 + v * v / 0.55 < 1) value = s.Modality == "CT" ? 1064 : 900;
                if (u * u + (v - 0.35) * (v - 0.35) < 0.012) value = s.Modality == "CT" ? 1900 : 300;
                if ((u + 0.3) * (u + 0.3) + (v + 0.1) * (v + 0.1) < organ * organ) value = s.Modality == "CT" ? 1110 : 1800;
                if ((u - 0.35) * (u - 0.35) + (v + 0.05) * (v + 0.05) < 0.02 + 0.01 * t) value = s.Modality == "CT" ? 1040 : 1500;
                value += (x * 7 + y * 13 + slice * 3) % 17; // a little texture
                var word = (ushort)Math.Clamp(value, 0, 4095);
                pixels[(y * n + x) * 2] = (byte)word;
                pixels[(y * n + x) * 2 + 1] = (byte)(word >> 8);
            }
        }

        return pixels;
    }

    /// <summary>A one-page PDF in French (standard Helvetica, WinAnsi encoding).</summary>
    public static byte[] ReportPdf(string title, IReadOnlyList<string> lines)
    {
        var latin = Encoding.Latin1;
        static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);
        var text = new StringBuilder("BT /F1 16 Tf 56 780 Td (").Append(Escape(title)).Append(") Tj /F1 11 Tf");
        foreach (var line in lines)
        {
            text.Append(" 0 -22 Td (").Append(Escape(line)).Append(") Tj");
        }

        text.Append(" ET");
        var stream = latin.GetBytes(text.ToString());
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        };
        using var pdf = new MemoryStream();
        void Write(string s) => pdf.Write(latin.GetBytes(s));
        Write("%PDF-1.4\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Position);
            Write($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        offsets.Add(pdf.Position);
        Write($"5 0 obj\n<< /Length {stream.Length} >>\nstream\n");
        pdf.Write(stream);
        Write("\nendstream\nendobj\n");
        var xref = pdf.Position;
        Write($"xref\n0 6\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write($"{offset:D10} 00000 n \n");
        }

        Write($"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    private sealed class Writer
    {
        private static readonly HashSet<string> Long = ["OB", "OW", "SQ", "UN", "UT", "UC", "UR", "OF", "OD", "OL"];
        private readonly List<byte> _bytes = [];

        public byte[] Bytes() => _bytes.ToArray();

        public void Text(ushort group, ushort element, string vr, string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value).ToList();
            if (bytes.Count % 2 == 1) bytes.Add(vr == "UI" ? (byte)0 : (byte)' ');
            Element(group, element, vr, bytes.ToArray());
        }

        public void U16(ushort group, ushort element, ushort value) => Element(group, element, "US", BitConverter.GetBytes(value));

        public void Element(ushort group, ushort element, string vr, byte[] value)
        {
            _bytes.AddRange(BitConverter.GetBytes(group));
            _bytes.AddRange(BitConverter.GetBytes(element));
            _bytes.AddRange(Encoding.ASCII.GetBytes(vr));
            if (Long.Contains(vr))
            {
                _bytes.AddRange([0, 0]);
                _bytes.AddRange(BitConverter.GetBytes((uint)value.Length));
            }
            else
            {
                _bytes.AddRange(BitConverter.GetBytes((ushort)value.Length));
            }

            _bytes.AddRange(value);
        }
    }
}
