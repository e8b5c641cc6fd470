"""A virtualised, line-API view of a document made of blocks (a package of its own).

A document is a list of :class:`Block` objects (a Markdown paragraph, a code
fence, one line of raw text, one hunk of a diff...). A :class:`BlockRenderer`
turns one block into ``Strip`` rows at a given width. :class:`LineView` shows
the document the way log viewers do: only the rows on screen are asked for, a
block is rendered the first time one of its rows is, and rendered blocks are
kept in an LRU keyed by (renderer, style, block kind, block text, width). An
edit that changes one block therefore re-renders that block only, and going
back to a width (or theme) seen before costs nothing.

Heights of blocks not rendered yet are estimates; each is corrected when the
block renders, and the rest of the document is rendered ahead in small
time-boxed steps so the scrollbar settles quickly. Corrections above the top
of the view move the scroll offset by the same amount, so what is on screen
never jumps.

``document``: the blocks and their renderers; ``layout``: laying them out
(heights, reuse after an edit) with no widget; ``view``: the ``LineView`` widget.
"""

from agent_workbench.app.widgets.line_view.document import Block, BlockRenderer, RenderStats
from agent_workbench.app.widgets.line_view.view import LineView

__all__ = ["Block", "BlockRenderer", "LineView", "RenderStats"]
