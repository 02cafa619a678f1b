-- Masks anything that looks like a payment card number in the container's line, before the
-- record leaves the node (LogFilter.lua in examples/main.ts calls redact).
function redact(tag, timestamp, record)
  local log = record["log"]
  if type(log) ~= "string" then
    return 0, timestamp, record
  end
  local masked, count = string.gsub(log, "%d%d%d%d[ -]?%d%d%d%d[ -]?%d%d%d%d[ -]?%d%d%d%d", "[card]")
  if count == 0 then
    return 0, timestamp, record
  end
  record["log"] = masked
  return 2, timestamp, record
end
