namespace SmartQuant.Hdl;

/// <summary>
/// A group of signals that travel together (a valid/ready channel, a request record). A module member holding a
/// bundle names each signal "member_field"; arrays of bundles add the index: "lanes_3_valid".
/// </summary>
public abstract class Bundle;
