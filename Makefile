# Install newsreader: a release binary, the man page and shell completions.
#   make install PREFIX=$$HOME/.local     (default PREFIX=/usr/local; DESTDIR is honoured)
#   make uninstall PREFIX=$$HOME/.local
#   make manual                           regenerate newsreader.1 from the commands and the key map
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
SWIFT ?= swift
# A release build links the Swift runtime and Foundation statically, as a
# position-dependent executable that exports none of its symbols: nothing of
# Swift's to map at run time, no relocations to apply at start and no
# dynamic symbol table to page in (the reader's first screen: 22.4 MB instead
# of 30.3 MB). .ci/run builds the binary its end-to-end pass tests with these flags.
RELEASE = -c release --static-swift-stdlib -Xlinker -no-pie -Xlinker --no-export-dynamic

.PHONY: all build install uninstall manual release-flags

all: build

build:
	$(SWIFT) build $(RELEASE) --product newsreader

install: build
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 755 "$$($(SWIFT) build $(RELEASE) --show-bin-path)/newsreader" $(BINDIR)/newsreader
	install -m 644 newsreader.1 $(MANDIR)/newsreader.1
	$(BINDIR)/newsreader --generate-completion-script bash > $(BASHDIR)/newsreader
	$(BINDIR)/newsreader --generate-completion-script zsh > $(ZSHDIR)/_newsreader
	$(BINDIR)/newsreader --generate-completion-script fish > $(FISHDIR)/newsreader.fish

uninstall:
	rm -f $(BINDIR)/newsreader $(MANDIR)/newsreader.1 $(BASHDIR)/newsreader $(ZSHDIR)/_newsreader $(FISHDIR)/newsreader.fish

# The page comes from the command definitions and the default key map (a
# hidden command of the binary); a test fails when the committed one differs.
manual:
	$(SWIFT) build --product newsreader
	"$$($(SWIFT) build --show-bin-path)/newsreader" manual-page > newsreader.1

# The release flags, for scripts that build what `make install` installs.
release-flags:
	@echo $(RELEASE)
