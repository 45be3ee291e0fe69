package nb

import "github.com/janpfeifer/gonb/gonbui/comms"

// gonbListen listens to address with GoNB's comms, which also installs
// their JavaScript side in the page (globalThis.gonb_comm).
func gonbListen(address string) (<-chan string, func()) {
	c := comms.Listen[string](address).WithBuffer(16)
	return c.C, c.Close
}
