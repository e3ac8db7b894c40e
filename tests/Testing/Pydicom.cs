using System.Diagnostics;
using System.Text.Json;

namespace EMage.Testing;

/// <summary>DICOM files written by pydicom (Debian's python3-pydicom, which ./emage test installs), not by us.</summary>
public static class Pydicom
{
    public sealed record EncapsulatedPdf(
        byte[] Pdf, string Sop, string Study, string Series, string PatientId, string PatientName = "", string Accession = "",
        string Mime = "application/pdf", string Syntax = "explicit", bool WithLength = true);

    public static byte[] Write(EncapsulatedPdf instance)
    {
        var pdf = Path.GetTempFileName();
        var output = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(pdf, instance.Pdf);
            var arguments = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["pdf"] = pdf, ["sop"] = instance.Sop, ["study"] = instance.Study, ["series"] = instance.Series,
                ["patient_id"] = instance.PatientId, ["patient_name"] = instance.PatientName, ["accession"] = instance.Accession,
                ["mime"] = instance.Mime, ["syntax"] = instance.Syntax, ["with_length"] = instance.WithLength,
            });
            var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardError = true };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pydicom_write.py"));
            info.ArgumentList.Add(arguments);
            info.ArgumentList.Add(output);
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("pydicom_write.py failed (is python3-pydicom installed? ./emage test installs it): " + error);
            }

            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(pdf);
            File.Delete(output);
        }
    }
}
